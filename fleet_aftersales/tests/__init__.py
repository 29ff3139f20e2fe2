from . import test_install
from . import test_service_schedule
from . import test_maintenance_cycle
from . import test_visit
from . import test_partner_archive
from . import test_invoice
