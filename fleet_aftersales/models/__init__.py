from . import fleet_aftersales_maintenance_plan
from . import fleet_aftersales_visit
from . import fleet_vehicle
from . import fleet_vehicle_odometer
from . import res_partner
from . import account_move
