"""The statuses of a GOV.UK task list, as the inspection page shows them."""

COMPLETED = "Completed"
IN_PROGRESS = "In progress"
NOT_STARTED = "Not yet started"
CANNOT_START = "Cannot start yet"
