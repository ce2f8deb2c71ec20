"""items: filled in by the API issue's work (see the prep commit)."""
