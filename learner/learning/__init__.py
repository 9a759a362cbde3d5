"""The learner's core: catalog, content check, grading, progress, sync and its envelope, offline downloads."""
