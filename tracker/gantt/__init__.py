"""The plan's timeline (Gantt chart): work items as bars over the plan's years, with reviews and milestones."""
