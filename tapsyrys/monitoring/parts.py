"""Monitoring (Rules ch. 3) is built of parts, each with its own module in every layer:

- `experts`  who monitors (M-4), experts, Annex 4 notices, assignments
- `events`   monitoring plans and events, the four indicators, tools, S-2, monitoring reports,
             results per contract (M-1, M-2, M-3, M-6)
- `control`  information requests, review and control of NGO reports, special control
             (M-5, M-7)
- `annexes`  Annex 5, Annex 9 and its submissions, the national summary (M-8, M-9, M-10)

The extension modules core looks for (`deadlines`, `notifications`, `permissions`, `nav`,
`desk`, `demo`, `bench`) are packages here; each imports its parts through `present()`.
"""

from tapsyrys.core import extensions

PARTS = ("experts", "events", "control", "annexes")


def present(layer):
    """The modules `tapsyrys.monitoring.<layer>.<part>` that exist, in the parts' order."""
    return extensions.present("tapsyrys.monitoring", PARTS, layer)
