"""The plan as data (YAML read by tracker.seeding.loader) and the demo-data generator (seed.demo)."""
