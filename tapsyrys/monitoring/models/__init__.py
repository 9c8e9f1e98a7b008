# Each part's models (see tapsyrys/monitoring/parts.py).
from .annexes import *  # noqa: F403
from .control import *  # noqa: F403
from .events import *  # noqa: F403
from .experts import *  # noqa: F403
