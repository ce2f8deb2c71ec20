"""Evidence files (佐证材料) kept with status updates, request answers and projects, stored in the database."""
