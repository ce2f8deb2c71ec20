"""The indicator register: targets of the plan and their yearly values."""
