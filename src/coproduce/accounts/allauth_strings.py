"""Msgids of django-allauth, listed so that our catalogue can translate them into Welsh.

django-allauth ships no Welsh (cy) catalogue, so without this module its sign-in, sign-up,
sign-in-by-code, password, email, and two-factor pages, its form labels and errors, its flash
messages and its emails would reach Welsh speakers in English. Django looks up a msgid in
our LOCALE_PATHS catalogue before any app's catalogue, so a translation of the same msgid
in ``locale/cy/LC_MESSAGES/django.po`` is used on allauth's pages.

This module is never imported: it exists only for ``makemessages`` (``make messages``),
which reads it as source. Each msgid is copied byte for byte from the allauth release we
depend on (generated against django-allauth 65.21.1), from the templates and
forms people see (``templates/account/``, ``templates/mfa/``, ``account/forms.py``,
``account/fields.py``, ``account/adapter.py``, ``mfa/adapter.py`` and the MFA forms); phone,
passkey/WebAuthn and social-account pages are left out because we do not switch them on.
Template ``{{ var }}`` placeholders appear here as ``%(var)s``, which is how Django looks
them up. Django has no ``pgettext_noop`` or ``ngettext_noop``, so contextual and plural
msgids use the lazy functions, which translate nothing until rendered.

``DJANGO_MSGIDS`` at the end does the same for a few of Django's own messages (form
and password errors) whose Welsh in Django's catalogue is missing or wrong.

After upgrading django-allauth or Django, compare their templates and forms with these lists
(a changed msgid silently falls back to English), run ``make messages`` and translate what is
new.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

ALLAUTH_MSGIDS = (
    # allauth/account/forms.py
    gettext_noop("You must type the same password each time."),
    gettext_noop("Password"),
    gettext_noop("Remember Me"),
    gettext_noop("Username"),
    pgettext_lazy("field label", "Login"),
    gettext_noop("Username, email or phone"),
    gettext_noop("Username or email"),
    gettext_noop("Username or phone"),
    gettext_noop("Email or phone"),
    gettext_noop("Email (again)"),
    gettext_noop("Email address confirmation"),
    gettext_noop("Email (optional)"),
    gettext_noop("Username (optional)"),
    gettext_noop("You must type the same email each time."),
    gettext_noop("Password (again)"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Code"),
    # allauth/account/fields.py
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Enter a phone number including country code (e.g. +1 for the US)."),
    gettext_noop("Phone"),
    # allauth/account/adapter.py
    gettext_noop("This account is currently inactive."),
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("This email address is already associated with this account."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("The phone number and/or password you specified are not correct."),
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("Incorrect code."),
    gettext_noop("Incorrect password."),
    gettext_noop("Invalid or expired key."),
    gettext_noop("Invalid login."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("A user is already registered with this phone number."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop("The phone number is not assigned to any user account."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Username can not be used. Please use other username."),
    gettext_noop("The username and/or password you specified are not correct."),
    gettext_noop("Please select only one."),
    gettext_noop("The new value must be different from the current one."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Use your password"),
    gettext_noop("Use authenticator app or code"),
    gettext_noop("Use a security key"),
    # allauth/mfa/adapter.py
    gettext_noop(
        "You cannot add an email address to an account protected by two-factor authentication.",
    ),
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop(
        "You cannot generate recovery codes without having two-factor authentication enabled.",
    ),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address.",
    ),
    gettext_noop("Master key"),
    gettext_noop("Backup key"),
    gettext_noop("Key nr. {number}"),
    # allauth/mfa/totp/forms.py
    gettext_noop("Authenticator code"),
    # allauth/templates/account/account_inactive.html
    gettext_noop("Account Inactive"),
    gettext_noop("This account is inactive."),
    # allauth/templates/account/base_confirm_code.html
    gettext_noop(
        "We've sent a code to %(recipient)s. The code expires shortly, so please enter it soon.",
    ),
    gettext_noop("Confirm"),
    gettext_noop("Request new code"),
    gettext_noop("Cancel"),
    # allauth/templates/account/base_reauthenticate.html
    gettext_noop("Confirm Access"),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop("Alternative options"),
    # allauth/templates/account/confirm_email_verification_code.html
    gettext_noop("Email Verification"),
    gettext_noop("Enter Email Verification Code"),
    gettext_noop("Use a different email address"),
    # allauth/templates/account/confirm_login_code.html
    gettext_noop("Sign In"),
    gettext_noop("Enter Sign-In Code"),
    # allauth/templates/account/confirm_password_reset_code.html
    gettext_noop("Password Reset"),
    gettext_noop("Enter Password Reset Code"),
    # allauth/templates/account/email.html
    gettext_noop("Email Addresses"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Verified"),
    gettext_noop("Unverified"),
    gettext_noop("Primary"),
    gettext_noop("Make Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Remove"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Do you really want to remove the selected email address?"),
    # allauth/templates/account/email/account_already_exists_message.txt
    gettext_noop(
        "You are receiving this email because you or someone else tried to signup "
        "for an\n"
        "account using email address:\n"
        "\n"
        "%(email)s\n"
        "\n"
        "However, an account using that email address already exists.  In case you "
        "have\n"
        "forgotten about this, please use the password forgotten procedure to "
        "recover\n"
        "your account:\n"
        "\n"
        "%(password_reset_url)s",
    ),
    # allauth/templates/account/email/account_already_exists_subject.txt
    gettext_noop("Account Already Exists"),
    # allauth/templates/account/email/base_message.txt
    gettext_noop("Hello from %(site_name)s!"),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    # allauth/templates/account/email/base_notification.txt
    gettext_noop(
        "You are receiving this mail because the following change was made to your account:",
    ),
    gettext_noop(
        "If you do not recognize this change then please take proper security "
        "precautions immediately. The change to your account originates from:\n"
        "\n"
        "- IP address: %(ip)s\n"
        "- Browser: %(user_agent)s\n"
        "- Date: %(timestamp)s",
    ),
    # allauth/templates/account/email/email_changed_message.txt
    gettext_noop("Your email has been changed from %(from_email)s to %(to_email)s."),
    # allauth/templates/account/email/email_changed_subject.txt
    gettext_noop("Email Changed"),
    # allauth/templates/account/email/email_confirm_message.txt
    gettext_noop("Your email has been confirmed."),
    # allauth/templates/account/email/email_confirm_subject.txt
    gettext_noop("Email Confirmation"),
    # allauth/templates/account/email/email_confirmation_message.txt
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your "
        "email address to register an account on %(site_domain)s.",
    ),
    gettext_noop(
        "Your email verification code is listed below. Please enter it in your open browser window.",
    ),
    gettext_noop("To confirm this is correct, go to %(activate_url)s"),
    # allauth/templates/account/email/email_confirmation_subject.txt
    gettext_noop("Please Confirm Your Email Address"),
    # allauth/templates/account/email/email_deleted_message.txt
    gettext_noop("Email address %(deleted_email)s has been removed from your account."),
    # allauth/templates/account/email/email_deleted_subject.txt
    gettext_noop("Email Removed"),
    # allauth/templates/account/email/login_code_message.txt
    gettext_noop(
        "Your sign-in code is listed below. Please enter it in your open browser window.",
    ),
    gettext_noop(
        "This mail can be safely ignored if you did not initiate this action.",
    ),
    # allauth/templates/account/email/login_code_subject.txt
    gettext_noop("Sign-In Code"),
    # allauth/templates/account/email/password_changed_message.txt
    gettext_noop("Your password has been changed."),
    # allauth/templates/account/email/password_changed_subject.txt
    gettext_noop("Password Changed"),
    # allauth/templates/account/email/password_reset_code_message.txt
    gettext_noop(
        "Your password reset code is listed below. Please enter it in your open browser window.",
    ),
    # allauth/templates/account/email/password_reset_code_subject.txt
    gettext_noop("Password Reset Code"),
    # allauth/templates/account/email/password_reset_key_message.txt
    gettext_noop(
        "You're receiving this email because you or someone else has requested a "
        "password reset for your user account.\n"
        "It can be safely ignored if you did not request a password reset. Click "
        "the link below to reset your password.",
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    # allauth/templates/account/email/password_reset_key_subject.txt
    gettext_noop("Password Reset Email"),
    # allauth/templates/account/email/password_reset_message.txt
    gettext_noop("Your password has been reset."),
    # allauth/templates/account/email/password_set_message.txt
    gettext_noop("Your password has been set."),
    # allauth/templates/account/email/password_set_subject.txt
    gettext_noop("Password Set"),
    # allauth/templates/account/email/unknown_account_message.txt
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to "
        "access an account with email %(email)s. However, we do not have any "
        "record of such an account in our database.",
    ),
    gettext_noop("If it was you, you can sign up for an account using the link below."),
    # allauth/templates/account/email/unknown_account_subject.txt
    gettext_noop("Unknown Account"),
    # allauth/templates/account/email_confirm.html
    gettext_noop("Confirm Email Address"),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.',
    ),
    gettext_noop(
        "Unable to confirm %(email)s because it is already confirmed by a different account.",
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please <a "
        'href="%(email_url)s">issue a new email confirmation request</a>.',
    ),
    # allauth/templates/account/login.html
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first.",
    ),
    gettext_noop("Sign in with a passkey"),
    gettext_noop("Send me a sign-in code"),
    # allauth/templates/account/logout.html
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    # allauth/templates/account/messages/cannot_delete_primary_email.txt
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    # allauth/templates/account/messages/email_confirmation_sent.txt
    gettext_noop("Confirmation email sent to %(email)s."),
    # allauth/templates/account/messages/email_confirmed.txt
    gettext_noop("You have confirmed %(email)s."),
    # allauth/templates/account/messages/email_deleted.txt
    gettext_noop("Removed email address %(email)s."),
    # allauth/templates/account/messages/logged_in.txt
    gettext_noop("Successfully signed in as %(name)s."),
    # allauth/templates/account/messages/logged_out.txt
    gettext_noop("You have signed out."),
    # allauth/templates/account/messages/login_code_sent.txt
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
    # allauth/templates/account/messages/password_changed.txt
    gettext_noop("Password successfully changed."),
    # allauth/templates/account/messages/password_set.txt
    gettext_noop("Password successfully set."),
    # allauth/templates/account/messages/primary_email_set.txt
    gettext_noop("Primary email address set."),
    # allauth/templates/account/password_change.html
    gettext_noop("Change Password"),
    # allauth/templates/account/password_reset.html
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send "
        "you an email allowing you to reset it.",
    ),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    # allauth/templates/account/password_reset_done.html
    gettext_noop(
        "We have sent you an email. If you have not received it please check your "
        "spam folder. Otherwise contact us if you do not receive it in a few "
        "minutes.",
    ),
    # allauth/templates/account/password_reset_from_key.html
    gettext_noop("Bad Token"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been "
        'used.  Please request a <a href="%(passwd_reset_url)s">new password '
        "reset</a>.",
    ),
    # allauth/templates/account/password_reset_from_key_done.html
    gettext_noop("Your password is now changed."),
    # allauth/templates/account/password_set.html
    gettext_noop("Set Password"),
    # allauth/templates/account/reauthenticate.html
    gettext_noop("Enter your password:"),
    # allauth/templates/account/request_login_code.html
    gettext_noop("You will receive a special code for a password-free sign-in."),
    gettext_noop("Request Code"),
    gettext_noop("Other sign-in options"),
    # allauth/templates/account/signup.html
    gettext_noop("Signup"),
    gettext_noop("Sign Up"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Sign up using a passkey"),
    # allauth/templates/account/signup_closed.html
    gettext_noop("Sign Up Closed"),
    gettext_noop("We are sorry, but the sign up is currently closed."),
    # allauth/templates/account/snippets/already_logged_in.html
    gettext_noop("Note"),
    gettext_noop("You are already logged in as %(user_display)s."),
    # allauth/templates/account/snippets/warn_no_email.html
    gettext_noop("Warning:"),
    gettext_noop(
        "You currently do not have any email address set up. You should really add "
        "an email address so you can receive notifications, reset your password, "
        "etc.",
    ),
    # allauth/templates/account/verification_sent.html
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided "
        "to finalize the signup process. If you do not see the verification email "
        "in your main inbox, check your spam folder. Please contact us if you do "
        "not receive the verification email within a few minutes.",
    ),
    # allauth/templates/account/verified_email_required.html
    gettext_noop(
        "This part of the site requires us to verify that\n"
        "you are who you claim to be. For this purpose, we require that you\n"
        "verify ownership of your email address. ",
    ),
    gettext_noop(
        "We have sent an email to you for\n"
        "verification. Please click on the link inside that email. If you do not "
        "see the verification email in your main inbox, check your spam folder. "
        "Otherwise\n"
        "contact us if you do not receive it within a few minutes.",
    ),
    gettext_noop(
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.',
    ),
    # allauth/templates/mfa/authenticate.html
    gettext_noop("Two-Factor Authentication"),
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an authenticator code:",
    ),
    # allauth/templates/mfa/email/recovery_codes_generated_message.txt
    gettext_noop(
        "A new set of Two-Factor Authentication recovery codes has been generated.",
    ),
    # allauth/templates/mfa/email/recovery_codes_generated_subject.txt
    gettext_noop("New Recovery Codes Generated"),
    # allauth/templates/mfa/email/totp_activated_message.txt
    gettext_noop("Authenticator app activated."),
    # allauth/templates/mfa/email/totp_activated_subject.txt
    gettext_noop("Authenticator App Activated"),
    # allauth/templates/mfa/email/totp_deactivated_message.txt
    gettext_noop("Authenticator app deactivated."),
    # allauth/templates/mfa/email/totp_deactivated_subject.txt
    gettext_noop("Authenticator App Deactivated"),
    # allauth/templates/mfa/index.html
    gettext_noop("Authenticator App"),
    gettext_noop("Authentication using an authenticator app is active."),
    gettext_noop("An authenticator app is not active."),
    gettext_noop("Deactivate"),
    gettext_noop("Activate"),
    gettext_noop("Security Keys"),
    ngettext_lazy(
        "You have added %(count)s security key.",
        "You have added %(count)s security keys.",
        1,
    ),
    gettext_noop("No security keys have been added."),
    gettext_noop("Manage"),
    gettext_noop("Add"),
    gettext_noop("Recovery Codes"),
    ngettext_lazy(
        "There is %(unused_count)s out of %(total_count)s recovery codes available.",
        "There are %(unused_count)s out of %(total_count)s recovery codes available.",
        1,
    ),
    gettext_noop("No recovery codes set up."),
    gettext_noop("View"),
    gettext_noop("Download"),
    gettext_noop("Generate"),
    # allauth/templates/mfa/messages/recovery_codes_generated.txt
    gettext_noop("A new set of recovery codes has been generated."),
    gettext_noop("Save them  in a secure location now — they won't be shown again."),
    # allauth/templates/mfa/reauthenticate.html
    gettext_noop("Enter an authenticator code:"),
    # allauth/templates/mfa/recovery_codes/generate.html
    gettext_noop(
        "You are about to generate a new set of recovery codes for your account.",
    ),
    gettext_noop("This action will invalidate your existing codes."),
    gettext_noop("Are you sure?"),
    # allauth/templates/mfa/recovery_codes/index.html
    gettext_noop("Unused codes"),
    gettext_noop("Download codes"),
    gettext_noop("Generate new codes"),
    gettext_noop("I have saved my recovery codes"),
    # allauth/templates/mfa/totp/activate_form.html
    gettext_noop("Activate Authenticator App"),
    gettext_noop(
        "To protect your account with two-factor authentication, scan the QR code "
        "below with your authenticator app. Then, input the verification code "
        "generated by the app below.",
    ),
    gettext_noop("Authenticator secret"),
    gettext_noop(
        "You can store this secret and use it to reinstall your authenticator app at a later time.",
    ),
    # allauth/templates/mfa/totp/deactivate_form.html
    gettext_noop("Deactivate Authenticator App"),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?",
    ),
    # allauth/templates/mfa/trust.html
    gettext_noop("Trust this Browser?"),
    gettext_noop(
        "If you choose to trust this browser, you will not be asked for a verification code the next time you sign in.",
    ),
    gettext_noop("Trust for %(period)s"),
    gettext_noop("Don't Trust"),
)

# Django's own msgids whose Welsh in Django's catalogue is missing (password validators,
# the time units of |timesince) or wrong ("Enter a valid date." as "Rhif ddyddiad dilys",
# "less than or equal to" as "greater or less than", July as "Gorffenaf"), or that write
# "ebost" where we write "e-bost". Copied byte for byte from Django 5.2.19;
# our catalogue takes precedence over Django's.
DJANGO_MSGIDS = (
    gettext_noop("Enter a valid email address."),
    gettext_noop(
        "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
    ),
    gettext_noop(
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.",
    ),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        1,
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    ),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("July"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("String to return when truncating text", "%(truncated_text)s…"),
    gettext_noop(", "),
    ngettext_lazy("%(num)d year", "%(num)d years", 1),
    ngettext_lazy("%(num)d month", "%(num)d months", 1),
    ngettext_lazy("%(num)d week", "%(num)d weeks", 1),
    ngettext_lazy("%(num)d day", "%(num)d days", 1),
    ngettext_lazy("%(num)d hour", "%(num)d hours", 1),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", 1),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop(
        "Your password can’t be too similar to your other personal information.",
    ),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
)
