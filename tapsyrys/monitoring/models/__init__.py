# Each part's models (see tapsyrys/monitoring/parts.py).
from .control import *  # noqa: F403
from .events import *  # noqa: F403
from .experts import *  # noqa: F403
