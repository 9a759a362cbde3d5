"""The database models, split by subject."""

from learner.models.certificates import Certificate, ModuleGrant
from learner.models.devices import DeviceProfile
from learner.models.learning import LessonCompletion, QuizAttempt, SyncConflict
from learner.models.people import (
    Centre,
    Cohort,
    Enrolment,
    EnrolmentPeriod,
    JoinRequest,
    Region,
    Role,
    User,
)
from learner.models.sessions import UserSession
from learner.models.programme import (
    Application,
    ApplicationStatus,
    CallCentre,
    ForWhom,
    ScholarshipCall,
)
from learner.models.support import PasswordResetCode

__all__ = [
    "Application", "ApplicationStatus", "CallCentre", "ForWhom", "ScholarshipCall",
    "Certificate", "DeviceProfile", "ModuleGrant",
    "Centre", "Cohort", "Enrolment", "EnrolmentPeriod", "JoinRequest", "LessonCompletion", "PasswordResetCode", "QuizAttempt",
    "Region", "Role",
    "SyncConflict", "User", "UserSession",
]
