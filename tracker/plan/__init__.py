"""Plans, the work-item tree and its rollups."""
