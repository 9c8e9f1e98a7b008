# Each part's models (see tapsyrys/evaluation/parts.py).
from .councils import *  # noqa: F403
from .rating import *  # noqa: F403
from .reports import *  # noqa: F403
from .sheets import *  # noqa: F403
