"""Who may do what in the API app's staff pages: every permission of this app, in one place.

What the API itself lets each caller read or write is the pages' own permissions (see access.py).
"""

from __future__ import annotations

import rules

from coproduce.engagements.rules import is_organisation_admin

rules.add_perm("api.manage_api_keys", is_organisation_admin)
rules.add_perm("api.choose_licence", is_organisation_admin)
