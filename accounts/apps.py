from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People"

    def ready(self):
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from .forms_base import SafeModelForm
        from .sessions import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts.stamp_sign_in")

        # The admin's forms are built from ModelAdmin.form: with ours as the default, a
        # title typed in /admin/ is held to the same rules as one typed in the product.
        admin.ModelAdmin.form = SafeModelForm
