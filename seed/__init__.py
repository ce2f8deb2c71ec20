"""The plan as data (YAML read by tracker.plan.seeding) and the demo-data generator (seed.demo)."""
