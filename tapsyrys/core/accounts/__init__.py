"""Accounts in core: sign-up, e-mail confirmation, invitations and the roles they grant.

`models` (imported by `tapsyrys.core.models`), `services` (every change), `selectors`,
`permissions` (the `core.invitation.create` rule), `forms`, `views` + `urls` (mounted at
`/accounts/`, namespace `accounts`), `apis` + `api_urls` (under `/api/accounts/`), templates in
`core/templates/core/accounts/`. Other ways to get an account (an NGO's registration) are
listed on the sign-up page through each app's optional `signup.py`:
`options(request) -> [{"label", "url", "hint", "order"}]`.
"""
