"""The database models, split by subject."""

from .certificates import Certificate, ModuleGrant
from .devices import DeviceProfile
from .learning import LessonCompletion, QuizAttempt, SyncConflict
from .people import Centre, Cohort, Enrolment, EnrolmentPeriod, JoinRequest, Region, Role, User
from .sessions import UserSession
from .programme import Application, ApplicationStatus, CallCentre, ForWhom, ScholarshipCall
from .support import PasswordResetCode

__all__ = [
    "Application", "ApplicationStatus", "CallCentre", "ForWhom", "ScholarshipCall",
    "Certificate", "DeviceProfile", "ModuleGrant",
    "Centre", "Cohort", "Enrolment", "EnrolmentPeriod", "JoinRequest", "LessonCompletion", "PasswordResetCode", "QuizAttempt",
    "Region", "Role",
    "SyncConflict", "User", "UserSession",
]
