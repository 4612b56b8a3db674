import Foundation
import Notifications
import SiteSettings
import StatusModel
import StatusStore

/// Records every email; answers with scripted outcomes first, then `.delivered`.
final class RecordingEmailTransport: EmailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var scripted: [DeliveryOutcome]
    private(set) var sent: [OutgoingEmail] = []

    init(failFirst outcomes: [DeliveryOutcome] = []) { scripted = outcomes }

    func send(_ email: OutgoingEmail) -> DeliveryOutcome {
        lock.lock(); defer { lock.unlock() }
        sent.append(email)
        return scripted.isEmpty ? .delivered : scripted.removeFirst()
    }

    var messages: [OutgoingEmail] { lock.lock(); defer { lock.unlock() }; return sent }
}

final class RecordingWebhookTransport: WebhookTransport, @unchecked Sendable {
    struct Post { let url: String; let body: [UInt8]; let headers: [OutgoingEmail.Header] }
    private let lock = NSLock()
    private var scripted: [DeliveryOutcome]
    private(set) var posts: [Post] = []

    init(failFirst outcomes: [DeliveryOutcome] = []) { scripted = outcomes }

    func post(url: String, body: [UInt8], headers: [OutgoingEmail.Header]) -> DeliveryOutcome {
        lock.lock(); defer { lock.unlock() }
        posts.append(Post(url: url, body: body, headers: headers))
        return scripted.isEmpty ? .delivered : scripted.removeFirst()
    }

    var received: [Post] { lock.lock(); defer { lock.unlock() }; return posts }
}

/// Renders just enough to tell language and event apart.
struct PlainRenderer: NotificationRendering {
    func renderEmail(for event: NotificationEvent, language: LanguageCode, unsubscribeURL: String) throws
        -> (subject: String, text: String, html: String) {
        ("\(language) \(event.kind.rawValue)", "text \(language) \(unsubscribeURL)", "<p>\(language)</p>")
    }

    func renderConfirmation(language: LanguageCode, confirmURL: String, componentNames: [String], expiresAt: Date) throws
        -> (subject: String, text: String, html: String) {
        ("confirm \(language)", "Follow \(confirmURL) [\(componentNames.joined(separator: ","))]", "<a href=\"\(confirmURL)\">x</a>")
    }

    func renderStaffEmail(for event: NotificationEvent, language: LanguageCode, period: TimeInterval) throws
        -> (subject: String, text: String, html: String) {
        ("\(language) \(event.kind.rawValue)", "staff \(language) every \(Int(period)) s", "<p>\(language)</p>")
    }

    func renderWebhookPayload(for event: NotificationEvent, format: WebhookFormat, language: LanguageCode) -> [UInt8] {
        Array("{\"meta\":{\"event_id\":\"\(event.publicID)\",\"event_type\":\"\(event.kind.rawValue)\",\"language\":\"\(language)\"}}".utf8)
    }
}

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.lock(); defer { lock.unlock() }; return current }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}

let migrationsDirectory: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return url.appendingPathComponent("migrations", isDirectory: true)
}()

func withStore<T>(_ body: (StatusStore) throws -> T) throws -> T {
    let store = try StatusStore.openTemporary(migrationsDirectory: migrationsDirectory)
    defer {
        try? store.close()
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: store.path).deletingLastPathComponent())
    }
    return try body(store)
}

func text(_ sv: String, _ en: String) -> LocalizedText { LocalizedText([.swedish: sv, .english: en]) }

let start = Date(timeIntervalSince1970: 1_790_000_000)
let staff = Actor.system("test")

extension StatusStore {
    /// A confirmed subscriber, through the real double opt-in.
    @discardableResult
    func confirmedSubscriber(_ email: String, _ language: LanguageCode, components: Set<Int64> = [], at date: Date = start) throws -> Int64 {
        guard let address = EmailAddress(email) else { throw StoreError.invalid("bad test address") }
        _ = try subscribe(email: address, language: language, componentIDs: components, at: date, confirmationValidFor: 3_600, resendAfter: 0)
        guard let due = try dueDeliveries(at: date, limit: 100).last, case .email(_, let token) = due.recipient,
              case .confirmed(let subscriber) = try confirmSubscription(token: token, at: date) else {
            throw StoreError.invalid("could not confirm")
        }
        return subscriber.id
    }
}

func settings(retryFirst: TimeInterval = 10) -> SiteSettings {
    var settings = SiteSettings.defaults
    settings.baseURL = "https://status.exempel.se"
    settings.notifications = NotificationSettings(smtpHost: "127.0.0.1", fromAddress: EmailAddress("status@exempel.se")!,
                                                  retryFirstDelay: retryFirst, retryMaximumDelay: 100, retryAttempts: 5)
    return settings
}
