from . import generator
from . import volume
