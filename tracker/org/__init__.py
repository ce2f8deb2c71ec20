"""Departments: the municipal bureaus, districts and offices that carry the plan."""
