import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// How the last notifications were delivered (editors and admins): the recent events with their
/// counts, one event's deliveries, and the confirmation emails. Recipients (addresses are personal
/// data, chat webhook URLs are secrets) and delivery errors (which quote them) only for those who
/// may see the subscribers or webhooks themselves; editors see channels, states and counts.
extension AdminUI {
    static let notificationEventsShown = 30
    static let confirmationDeliveriesShown = 20

    func notificationList(_ admin: AdminRequest) throws -> Response {
        let events = try reads.recentNotificationEvents(limit: Self.notificationEventsShown)
        let items = events.map { summary in
            ItemView(notificationKind(summary.event.kind, admin), href: AdminRoute.notification(summary.event.id).path, lines: [
                notificationSubject(summary.event, admin),
                admin.time(summary.event.createdAt),
                deliveryCountsText(summary.counts, admin),
            ])
        }
        var intro = BlockView()
        intro.paragraphs = [admin.t("admin_notify_intro")]
        if admin.isAdmin {
            intro.links = [LinkItem(href: AdminRoute.subscribers.path, label: admin.t("admin_subscribers_heading")),
                           LinkItem(href: AdminRoute.webhooks.path, label: admin.t("admin_webhooks_heading"))]
        }
        let confirmations = try reads.deliveries(eventID: nil, limit: Self.confirmationDeliveriesShown)
        return adminPage(AdminPageView(heading: admin.t("admin_notify_heading"), blocks: [
            intro,
            .list(admin.t("admin_notify_recent"), items: items, empty: admin.t("admin_notify_none")),
            .list(admin.t("admin_notify_confirmations"), items: confirmations.map { deliveryItem($0, admin) },
                  empty: admin.t("admin_none")),
        ]), admin)
    }

    func notificationPage(_ admin: AdminRequest, id: Int64) throws -> Response {
        guard let event = try reads.notificationEvent(id: id) else { throw AdminRefusal.notFound }
        let deliveries = try reads.deliveries(eventID: id)
        var facts = BlockView()
        facts.paragraphs = [notificationSubject(event, admin), admin.time(event.createdAt),
                            admin.t("admin_notify_event_id", ["id": event.publicID])]
        facts.links = [LinkItem(href: AdminRoute.notifications.path, label: admin.t("admin_notify_back"))]
        return adminPage(AdminPageView(heading: notificationKind(event.kind, admin), blocks: [
            facts,
            .list(admin.t("admin_notify_deliveries"), items: deliveries.map { deliveryItem($0, admin) },
                  empty: admin.t("admin_notify_no_deliveries")),
        ]), admin)
    }

    private func notificationKind(_ kind: NotificationEventKind, _ admin: AdminRequest) -> String {
        admin.t("admin_notify_kind_" + kind.rawValue.replacingOccurrences(of: ".", with: "_"))
    }

    /// What the event was about, in the staff member's language, as it was when published.
    private func notificationSubject(_ event: NotificationEvent, _ admin: AdminRequest) -> String {
        switch event.subject {
        case .incident(let incident, _): admin.text(incident.title)
        case .maintenance(let maintenance): admin.text(maintenance.title)
        case .component(let component, let previous):
            admin.t("admin_notify_component_change", [
                "component": admin.text(component.name),
                "from": admin.t("component_status_\(previous.rawValue)"),
                "to": admin.t("component_status_\(component.status.rawValue)"),
            ])
        }
    }

    func deliveryCountsText(_ counts: [DeliveryState: Int], _ admin: AdminRequest) -> String {
        admin.t("admin_notify_counts", ["delivered": String(counts[.delivered] ?? 0), "pending": String(counts[.pending] ?? 0),
                                        "failed": String(counts[.failed] ?? 0)])
    }

    private func deliveryItem(_ delivery: DeliveryRecord, _ admin: AdminRequest) -> ItemView {
        let channel = admin.t("admin_notify_channel_\(delivery.channel.rawValue)")
        let showsRecipient = admin.principal?.allows(Self.recipientPermission(delivery.channel)) ?? false
        var lines = [channel + " · " + admin.t("admin_notify_state_\(delivery.state.rawValue)"),
                     admin.t("admin_notify_attempts", ["count": String(delivery.attempts)])]
        if delivery.state == .pending, let next = delivery.nextAttemptAt {
            lines.append(admin.t("admin_notify_next_attempt", ["time": admin.time(next)]))
        }
        if let delivered = delivery.deliveredAt { lines.append(admin.t("admin_notify_delivered_at", ["time": admin.time(delivered)])) }
        guard showsRecipient else { return ItemView(admin.t("admin_notify_recipient_hidden", ["channel": channel]), lines: lines) }
        if let error = delivery.lastError, !error.isEmpty { lines.append(admin.t("admin_notify_last_error", ["error": error])) }
        return ItemView(delivery.recipient ?? admin.t("admin_notify_recipient_gone"), lines: lines)
    }

    /// Seeing a delivery's recipient needs the right to see that channel's subscriptions.
    static func recipientPermission(_ channel: DeliveryChannel) -> Permission {
        switch channel {
        case .email: EmailSubscriptions.staffPermission
        case .webhook: Webhooks.permission
        case .staff: .manageUsers
        }
    }
}

extension AdminUI {
    /// The dashboard's pointer to the delivery state (the top navigation is drawn by StatusPages).
    func notificationSummaryBlock(_ admin: AdminRequest) throws -> BlockView {
        var block = BlockView(admin.t("admin_notify_heading"))
        block.paragraphs = [admin.t("admin_notify_total"), deliveryCountsText(try reads.deliveryCounts(), admin)]
        block.links = [LinkItem(href: AdminRoute.notifications.path, label: admin.t("admin_notify_show"))]
        if admin.isAdmin {
            block.links += [LinkItem(href: AdminRoute.subscribers.path, label: admin.t("admin_subscribers_heading")),
                            LinkItem(href: AdminRoute.webhooks.path, label: admin.t("admin_webhooks_heading"))]
        }
        return block
    }
}
