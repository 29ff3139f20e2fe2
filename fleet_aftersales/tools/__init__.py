from . import call_schedule
from . import cron
from . import odometer
from . import service_schedule
