"""The database models, split by subject."""

from .learning import LessonCompletion, QuizAttempt, SyncConflict
from .people import Centre, Cohort, Enrolment, Region, Role, User

__all__ = [
    "Centre", "Cohort", "Enrolment", "LessonCompletion", "QuizAttempt", "Region", "Role",
    "SyncConflict", "User",
]
