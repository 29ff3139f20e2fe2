from . import fleet_aftersales_callback_reschedule
from . import fleet_aftersales_report_wizard
