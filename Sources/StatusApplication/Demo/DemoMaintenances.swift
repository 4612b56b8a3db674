import Foundation
import StatusModel

/// A planned window in local wall-clock times, resolved against the demo clock.
struct DemoMaintenanceScript: Sendable {
    let title: LocalizedText
    let body: LocalizedText
    let componentSlugs: [String]
    let window: @Sendable (DemoClock) throws -> (startsAt: Date, endsAt: Date, createdAt: Date)
    /// When staff cancelled it, if they did.
    let cancelledAt: (@Sendable (DemoClock) throws -> Date)?
}

enum DemoMaintenances {
    static let all: [DemoMaintenanceScript] = [serverReplacement, apiPlatformUpdate, cancelledInvoicingUpdate, upcomingPayrollUpdate]

    /// The big one: every year's 26 September, 18:00 to 06:00 the next morning, local time.
    static let serverReplacement = DemoMaintenanceScript(
        title: bilingual("Byte av servrar och uppgradering av SQL Server", "Server replacement and SQL Server upgrade"),
        body: bilingual(
            "Tjänsten är inte tillgänglig från den 26 september kl. 18.00 till kl. 06.00 nästa morgon medan vi byter servrar och uppgraderar SQL Server. Under tiden går det inte att logga in, och banksynkronisering, Öppet API och mobilappen är pausade. Banktransaktioner som kommer in under natten hämtas automatiskt när arbetet är klart.",
            "The service is unavailable from 26 September 18:00 until 06:00 the next morning while we replace servers and upgrade SQL Server. During this time you cannot log in, and bank synchronisation, the public API and the mobile app are paused. Bank transactions that arrive overnight will be imported automatically once the work is done."),
        componentSlugs: ["login", "bookkeeping", "invoicing", "payroll", "bank-sync", "public-api", "mobile-app"],
        window: { clock in
            let (startsAt, endsAt) = try clock.mostRecentCompletedAnnualWindow(month: 9, day: 26, startHour: 18, endHour: 6)
            // Announced two weeks ahead, as customers were promised.
            return (startsAt, endsAt, startsAt.addingTimeInterval(-14 * 86_400))
        },
        cancelledAt: nil
    )

    static let apiPlatformUpdate = DemoMaintenanceScript(
        title: bilingual("Uppdatering av API-plattformen", "Public API platform update"),
        body: bilingual(
            "Vi uppdaterar plattformen bakom Öppet API. Under fönstret kan enstaka anrop avbrytas; integrationer som försöker igen påverkas inte.",
            "We are updating the platform behind the public API. During the window a few requests may be interrupted; integrations that retry are not affected."),
        componentSlugs: ["public-api"],
        window: { clock in
            (try clock.local(daysFromToday: -58, hour: 5, minute: 0),
             try clock.local(daysFromToday: -58, hour: 5, minute: 45),
             try clock.local(daysFromToday: -65, hour: 11, minute: 0))
        },
        cancelledAt: nil
    )

    static let cancelledInvoicingUpdate = DemoMaintenanceScript(
        title: bilingual("Uppdatering av fakturamodulen", "Invoicing module update"),
        body: bilingual(
            "Fakturering är inte tillgänglig mellan kl. 21.00 och 23.00 medan vi installerar en ny version av fakturamodulen. Underhållet är inställt och genomförs i stället tillsammans med en senare uppdatering.",
            "Invoicing is unavailable between 21:00 and 23:00 while we install a new version of the invoicing module. This maintenance has been cancelled and will instead be carried out together with a later update."),
        componentSlugs: ["invoicing"],
        window: { clock in
            (try clock.local(daysFromToday: -31, hour: 21, minute: 0),
             try clock.local(daysFromToday: -31, hour: 23, minute: 0),
             try clock.local(daysFromToday: -38, hour: 10, minute: 15))
        },
        cancelledAt: { clock in try clock.local(daysFromToday: -33, hour: 14, minute: 30) }
    )

    static let upcomingPayrollUpdate = DemoMaintenanceScript(
        title: bilingual("Uppdatering av Lön och Öppet API", "Payroll and public API update"),
        body: bilingual(
            "Vi uppdaterar lönemodulen med nya skattetabeller och förbättrar Öppet API. Mellan kl. 22.00 och 02.00 går det inte att starta lönekörningar, och Öppet API svarar med felkod 503. Övriga delar av tjänsten fungerar som vanligt.",
            "We are updating the payroll module with new tax tables and improving the public API. Between 22:00 and 02:00 pay runs cannot be started, and the public API responds with error 503. The rest of the service works as usual."),
        componentSlugs: ["payroll", "public-api"],
        window: { clock in
            (try clock.local(daysFromToday: 9, hour: 22, minute: 0),
             try clock.local(daysFromToday: 10, hour: 2, minute: 0),
             clock.now.addingTimeInterval(-2 * 86_400))
        },
        cancelledAt: nil
    )
}
