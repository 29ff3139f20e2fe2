# One file a page family: the survey link, the portal's cars, complaints and bookings.
from . import survey
