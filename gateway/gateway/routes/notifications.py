"""Notifications and their e-mail settings (N1-N4), on the inbox service."""

from gateway.http import route
from inbox import contract as inbox_contract


class NotificationRoutes:
    """N1-N4."""

    @route(
        "GET",
        "/v1/me/notifications",
        query=inbox_contract.NotificationsQuerySchema,
        response=inbox_contract.NotificationPageSchema,
        tags=["notifications"],
        summary="My notifications, newest first (`unread=true`: the unread only), with "
        "how many are unread (N1, N2)",
    )
    def notifications(self, request, caller, query):
        return self.inbox.list_notifications(query)

    @route(
        "POST",
        "/v1/me/notifications/read",
        body=inbox_contract.MarkReadSchema,
        response=inbox_contract.MarkReadReplySchema,
        tags=["notifications"],
        summary='Mark my notifications read: `{"ids": [...]}` or `{"all": true}` (N2)',
    )
    def read_notifications(self, request, caller, body):
        return self.inbox.mark_notifications_read(body)

    @route(
        "GET",
        "/v1/me/notification-settings",
        response=inbox_contract.NotificationSettingsSchema,
        tags=["notifications"],
        summary='Per kind, whether I get its e-mail: `{"<kind>": {"email": true}}` (N2)',
    )
    def notification_settings(self, request, caller):
        return self.inbox.get_notification_settings()

    @route(
        "PUT",
        "/v1/me/notification-settings",
        body=inbox_contract.NotificationSettingsSchema,
        response=inbox_contract.NotificationSettingsSchema,
        tags=["notifications"],
        summary="Turn the e-mail of some kinds on or off; the kinds not named stay, the "
        "in-app notification always exists (N2, N3)",
    )
    def update_notification_settings(self, request, caller, body):
        return self.inbox.update_notification_settings(body)
