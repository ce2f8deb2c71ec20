"""Overview pages: one page per department (its items, projects, money and people), and the department list."""
