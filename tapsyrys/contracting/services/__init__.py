"""Every state change of contracting, one module per sub-domain (one recipe: check → lock →
change → full_clean → audit → notify on commit)."""

from .acts import *  # noqa: F403
from .competitions import *  # noqa: F403
from .contracts import *  # noqa: F403
from .importing import *  # noqa: F403
from .passports import *  # noqa: F403
from .registry import *  # noqa: F403
from .reports import *  # noqa: F403
