"""Evaluation of results (Rules ch. 4) is built of parts, each with its own module in every
layer:

- `councils`  expert councils: announcement, self-nomination, composition, approval by the
              Council for Interaction with NGOs, members' Annex 6 notices (E-1)
- `sheets`    when a project enters evaluation, what members see, Annex 7 assessment sheets,
              conflicts (E-2, E-3, E-4)
- `reports`   closing the evaluation, the Annex 8 report and its posting, the act of services
              gate, scores into Annex 5/9 and into the next formation cycle (E-5, E-6, E-7, E-9)
- `rating`    the NGO rating and its history (E-8)

The extension modules core looks for (`deadlines`, `notifications`, `permissions`, `nav`,
`desk`, `demo`, `bench`, `panels`) are packages here; each imports its parts through
`present()`.
"""

from tapsyrys.core import extensions

PARTS = ("councils", "sheets", "reports", "rating")


def present(layer):
    """The modules `tapsyrys.evaluation.<layer>.<part>` that exist, in the parts' order."""
    return extensions.present("tapsyrys.evaluation", PARTS, layer)
