import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// Email subscribers (admins): counts, search, a paged list, delete (removes the personal data)
/// and a CSV export.
extension AdminUI {
    static let subscriberPageSize = 50

    func subscriberList(_ admin: AdminRequest) throws -> Response {
        let search = subscriberSearch(admin)
        let page = max(1, admin.request.queryValue("page").flatMap { Int($0) }.map { min($0, 100_000) } ?? 1)
        let counts = try reads.emailSubscriberCounts()
        let found = try reads.emailSubscribers(matching: search, limit: Self.subscriberPageSize + 1,
                                               offset: (page - 1) * Self.subscriberPageSize)
        let names = Dictionary(try reads.components().map { ($0.id, admin.text($0.name)) }, uniquingKeysWith: { first, _ in first })

        var summary = BlockView()
        summary.paragraphs = [admin.t("admin_subscribers_counts", ["confirmed": String(counts.confirmed),
                                                                   "unconfirmed": String(counts.unconfirmed)])]
        let query = search.map { [(name: "q", value: $0)] } ?? []
        summary.links = [LinkItem(href: AdminRoute.subscribersCSV.path(query: query), label: admin.t("admin_subscribers_export"))]
        var searchForm = FormView(action: AdminRoute.subscribers.path, csrf: "", rows: [
            .single(FieldView(.input("search"), name: "q", label: admin.t("admin_subscribers_search"), value: search ?? "",
                              autocomplete: "off")),
        ], buttons: [ButtonView(admin.t("admin_subscribers_search_button"), value: "search")])
        searchForm.isGetForm = true
        summary.form = searchForm

        let items = found.prefix(Self.subscriberPageSize).map { subscriberItem($0, names: names, admin) }
        var list = BlockView.list(admin.t("admin_subscribers_list"), items: Array(items),
                                  empty: admin.t(search == nil ? "admin_subscribers_none" : "admin_subscribers_no_match"))
        let pageHref: (Int) -> String = { AdminRoute.subscribers.path(query: query + [("page", String($0))]) }
        if page > 1 { list.links.append(LinkItem(href: pageHref(page - 1), label: admin.t("admin_subscribers_previous"))) }
        if found.count > Self.subscriberPageSize {
            list.moreHref = pageHref(page + 1)
            list.moreLabel = admin.t("admin_subscribers_next")
        }
        return adminPage(AdminPageView(heading: admin.t("admin_subscribers_heading"), blocks: [summary, list]), admin)
    }

    private func subscriberItem(_ subscriber: EmailSubscriber, names: [Int64: String], _ admin: AdminRequest) -> ItemView {
        let components: String = switch subscriber.filter {
        case .all: admin.t("admin_subscribers_all_components")
        case .only(let ids):
            ids.isEmpty ? admin.t("admin_subscribers_components_gone")
                : ids.compactMap { names[$0] }.sorted().joined(separator: ", ")
        }
        return ItemView(subscriber.email.value, lines: [
            admin.t("language_name_\(subscriber.language.rawValue)"),
            components,
            admin.t("admin_subscribers_subscribed_at", ["time": admin.time(subscriber.createdAt)]),
            subscriber.confirmedAt.map { admin.t("admin_subscribers_confirmed_at", ["time": admin.time($0)]) }
                ?? admin.t("admin_subscribers_unconfirmed"),
        ], actions: [
            admin.actionForm(.deleteSubscriber(subscriber.id), label: admin.t("admin_delete"), style: "button--danger",
                             confirmLabel: admin.t("admin_subscribers_confirm_delete")),
        ])
    }

    /// The search text, or nil for none (bounded: it only ever matches part of an address).
    private func subscriberSearch(_ admin: AdminRequest) -> String? {
        let text = (admin.request.queryValue("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : String(text.prefix(TextLimits.email))
    }

    func deleteSubscriber(_ admin: AdminRequest, id: Int64) throws -> Response {
        guard admin.form["confirm"] == "1" else { throw AdminRefusal.confirmationNeeded }
        try subscriptions.deleteSubscriber(id: id, by: admin.actor, at: admin.now)
        return adminRedirect(.subscribers, notice: "deleted")
    }

    /// `/admin/subscribers.csv`: every subscriber (or those matching `?q=`), as a download.
    func subscriberExport(_ admin: AdminRequest) throws -> Response {
        let subscribers = try reads.emailSubscribers(matching: subscriberSearch(admin), limit: 10_000_000)
        let slugs = Dictionary(try reads.components().map { ($0.id, $0.slug) }, uniquingKeysWith: { first, _ in first })
        var rows = [["email", "language", "components", "subscribed_at", "confirmed_at"]]
        for subscriber in subscribers {
            let components = switch subscriber.filter {
            case .all: "all"
            case .only(let ids): ids.compactMap { slugs[$0] }.sorted().joined(separator: " ")
            }
            rows.append([subscriber.email.value, subscriber.language.rawValue, components, RFC3339.format(subscriber.createdAt),
                         subscriber.confirmedAt.map(RFC3339.format) ?? ""])
        }
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/csv; charset=utf-8; header=present")
        headers.add("Content-Disposition", "attachment; filename=\"subscribers.csv\"")
        return Response(status: 200, headers: headers, body: ResponseBody(CSV.document(rows)))
    }
}

/// RFC 4180 CSV, safe to open in a spreadsheet.
enum CSV {
    /// Rows joined by CRLF, ending with one.
    static func document(_ rows: [[String]]) -> String {
        rows.map { $0.map(cell).joined(separator: ",") + "\r\n" }.joined()
    }

    /// Quoted when it holds a comma, quote or line break (quotes doubled). A cell a spreadsheet
    /// would run as a formula (= + - @, or a leading tab or CR) gets a leading ' so it stays text.
    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
