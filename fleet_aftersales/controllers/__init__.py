# One file a page family: the survey link, the portal's cars, complaints and bookings.
from . import portal_appointment
from . import portal_complaint
from . import portal_vehicle
from . import survey
