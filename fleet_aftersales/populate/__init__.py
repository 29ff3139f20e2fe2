from . import generator
from . import demo
from . import volume
