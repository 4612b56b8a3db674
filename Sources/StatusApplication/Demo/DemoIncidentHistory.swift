import StatusModel

/// Everyday incidents spread over the last three months, before the recent overload trouble.
extension DemoIncidents {
    static let earlierHistory: [DemoIncidentScript] = [
        DemoIncidentScript(
            start: .daysAgo(86, hour: 9, minute: 12), impact: .minor,
            title: bilingual("Långsam generering av PDF-fakturor", "Slow invoice PDF generation"),
            updates: [
                update(0, .investigating, [.set("invoicing", .degradedPerformance)],
                       sv: "Det tar just nu lång tid att skapa och förhandsgranska fakturor som PDF. Vi undersöker orsaken.",
                       en: "Creating and previewing invoices as PDF is currently taking a long time. We are looking into why."),
                update(25, .identified,
                       sv: "En av servrarna som skapar PDF-filer svarar inte som den ska. Vi flyttar trafiken till de övriga servrarna.",
                       en: "One of the servers that generate PDF files is not responding properly. We are moving traffic to the other servers."),
                update(55, .resolved,
                       sv: "PDF-fakturor skapas nu lika snabbt som vanligt. Fakturor som du skapade under störningen har sparats korrekt.",
                       en: "Invoice PDFs are being generated as quickly as usual again. Invoices you created during the disruption were saved correctly."),
            ]
        ),
        // Deliberately Swedish only: shows the "only available in Swedish" note on the English page.
        DemoIncidentScript(
            start: .daysAgo(83, hour: 10, minute: 15), impact: .minor,
            title: bilingual("Fördröjda e-fakturor via Peppol", nil),
            updates: [
                update(0, .investigating, [.set("invoicing", .degradedPerformance)],
                       sv: "E-fakturor som skickas via Peppol fastnar just nu i kö och når inte fram till mottagaren. Fakturor som skickas som PDF via e-post påverkas inte. Vi felsöker.",
                       en: nil),
                update(40, .identified,
                       sv: "Felet ligger hos vår leverantör av Peppol-accesspunkt, som har driftstörningar. Fakturorna ligger kvar i kön och skickas automatiskt när leverantören är igång igen.",
                       en: nil),
                update(190, .resolved,
                       sv: "Leverantören har åtgärdat felet och alla köade e-fakturor är nu skickade. Du behöver inte skicka om något.",
                       en: nil),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(79, hour: 14, minute: 40), impact: .major,
            title: bilingual("Felsvar från Öppet API", "Errors from the public API"),
            updates: [
                update(0, .investigating, [.set("public-api", .partialOutage)],
                       sv: "Många anrop till Öppet API får just nu felsvar (HTTP 500). Integrationer som webbutiker och tidrapporteringssystem kan påverkas. Vi undersöker.",
                       en: "Many requests to the public API are currently failing with HTTP 500 errors. Integrations such as web shops and time-tracking systems may be affected. We are investigating."),
                update(20, .identified,
                       sv: "Felet kom med en uppdatering som vi publicerade kl. 14.30. Vi återställer nu den tidigare versionen.",
                       en: "The errors were introduced by an update we released at 14:30. We are rolling back to the previous version."),
                update(35, .monitoring, [.set("public-api", .operational)],
                       sv: "Den tidigare versionen är återställd och API:et svarar normalt igen. Vi bevakar läget.",
                       en: "The previous version has been restored and the API is responding normally again. We are monitoring."),
                update(70, .resolved,
                       sv: "Inga fler fel har uppstått. Anrop som misslyckades mellan kl. 14.30 och 15.15 behöver göras om – de flesta integrationer gör det automatiskt.",
                       en: "No further errors have occurred. Requests that failed between 14:30 and 15:15 need to be retried – most integrations do this automatically."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(72, hour: 7, minute: 5), impact: .minor,
            title: bilingual("Fördröjda pushnotiser i mobilappen", "Delayed push notifications in the mobile app"),
            updates: [
                update(0, .investigating, [.set("mobile-app", .degradedPerformance)],
                       sv: "Pushnotiser från mobilappen, till exempel om nya leverantörsfakturor att attestera, kommer fram med upp till en timmes fördröjning.",
                       en: "Push notifications from the mobile app, for example about new supplier invoices awaiting approval, are arriving up to an hour late."),
                update(45, .identified,
                       sv: "Fördröjningen beror på en störning hos tjänsten vi använder för att skicka notiser. Appen fungerar i övrigt som vanligt.",
                       en: "The delay is caused by a disruption at the service we use to send notifications. The rest of the app works as usual."),
                update(150, .resolved,
                       sv: "Notiserna kommer fram i tid igen. Notiser som fastnade under förmiddagen har levererats.",
                       en: "Notifications are arriving on time again. Notifications held up this morning have now been delivered."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(66, hour: 10, minute: 20), impact: .major,
            title: bilingual("Lönebesked kunde inte skickas", "Payslips could not be sent"),
            updates: [
                update(0, .investigating, [.set("payroll", .partialOutage)],
                       sv: "Det går just nu inte att skicka lönebesked efter en lönekörning. Själva lönekörningen och utbetalningsfilen till banken påverkas inte. Vi undersöker.",
                       en: "Payslips currently cannot be sent after a pay run. The pay run itself and the payment file for the bank are not affected. We are investigating."),
                update(30, .identified,
                       sv: "Felet sitter i tjänsten som skickar lönebesked via e-post och till digital brevlåda. Vi har hittat orsaken och arbetar på en rättning.",
                       en: "The problem is in the service that delivers payslips by e-mail and to digital mailboxes. We have found the cause and are working on a fix."),
                update(115, .monitoring, [.set("payroll", .degradedPerformance)],
                       sv: "Rättningen är på plats och lönebesked skickas igen. De lönebesked som inte gick iväg tidigare i dag skickas nu automatiskt – du behöver inte göra om lönekörningen.",
                       en: "The fix has been deployed and payslips are being sent again. Payslips that failed to go out earlier today are now being sent automatically – you do not need to redo the pay run."),
                update(180, .resolved,
                       sv: "Alla köade lönebesked är skickade och allt fungerar som vanligt igen.",
                       en: "All queued payslips have been sent and everything is working normally again."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(60, hour: 16, minute: 45), impact: .minor,
            title: bilingual("Transaktioner från en av bankerna dröjer", "Transactions from one bank delayed"),
            updates: [
                update(0, .investigating, [.set("bank-sync", .degradedPerformance)],
                       sv: "Transaktioner från en av de större bankerna hämtas inte just nu. Övriga banker fungerar som vanligt.",
                       en: "Transactions from one of the major banks are not being imported at the moment. Other banks are working as usual."),
                update(35, .identified,
                       sv: "Banken har problem med sitt gränssnitt för företagskunder. Vi hämtar transaktionerna automatiskt så snart banken svarar igen.",
                       en: "The bank is having problems with its interface for business customers. We will import the transactions automatically as soon as the bank responds again."),
                update(300, .resolved,
                       sv: "Banken svarar igen och alla transaktioner har hämtats.",
                       en: "The bank is responding again and all transactions have been imported."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(55, hour: 8, minute: 3), impact: .major,
            title: bilingual("Inloggning med BankID fungerar inte", "BankID login not working"),
            updates: [
                update(0, .investigating, [.set("login", .partialOutage)],
                       sv: "Det går just nu inte att logga in med BankID. Inloggning med lösenord och SSO fungerar.",
                       en: "Logging in with BankID is not working right now. Password and SSO login are working."),
                update(15, .identified,
                       sv: "Felet ligger hos vår leverantör av BankID-inloggning, som arbetar på att åtgärda det. Logga gärna in med lösenord under tiden.",
                       en: "The problem is at our BankID login provider, who is working on a fix. Please log in with your password in the meantime."),
                update(62, .monitoring, [.set("login", .operational)],
                       sv: "Inloggning med BankID fungerar igen. Vi bevakar läget en stund till.",
                       en: "BankID login is working again. We are keeping an eye on it for a while."),
                update(80, .resolved,
                       sv: "Störningen är över. Tack för ert tålamod!",
                       en: "The disruption is over. Thank you for your patience!"),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(48, hour: 11, minute: 30), impact: .minor,
            title: bilingual("Långsamma rapporter i bokföringen", "Slow reports in bookkeeping"),
            updates: [
                update(0, .investigating, [.set("bookkeeping", .degradedPerformance)],
                       sv: "Balans- och resultatrapporter tar ovanligt lång tid att ta fram, och ibland avbryts de. Vi undersöker.",
                       en: "Balance sheet and profit and loss reports are taking unusually long to generate and sometimes time out. We are investigating."),
                update(40, .identified,
                       sv: "En ovanligt tung databasfråga saktar ner rapporterna. Vi har gjort en tillfällig ändring som avlastar databasen.",
                       en: "An unusually heavy database query is slowing down reports. We have made a temporary change to relieve the database."),
                update(75, .monitoring, [.set("bookkeeping", .operational)],
                       sv: "Rapporterna tas fram i normal takt igen. Vi bevakar läget.",
                       en: "Reports are being generated at normal speed again. We are monitoring."),
                update(100, .resolved,
                       sv: "Allt fungerar normalt. En permanent rättning kommer med nästa uppdatering.",
                       en: "Everything is working normally. A permanent fix will be included in our next update."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(44, hour: 23, minute: 10), impact: .critical,
            title: bilingual("Tjänsten går inte att nå", "Service unavailable"),
            updates: [
                update(0, .investigating,
                       ["login", "bookkeeping", "invoicing", "payroll", "public-api"].map { .set($0, .majorOutage) },
                       sv: "Tjänsten går inte att nå just nu. Vi undersöker orsaken.",
                       en: "The service cannot be reached right now. We are investigating."),
                update(8, .identified,
                       sv: "Ett nätverksfel i vårt datacenter gör att trafiken inte når fram. Vår driftleverantör kopplar nu om till reservförbindelsen.",
                       en: "A network fault in our data centre is preventing traffic from getting through. Our hosting provider is switching over to the backup connection."),
                update(22, .resolved,
                       sv: "Trafiken går via reservförbindelsen och tjänsten fungerar igen. Inga data har gått förlorade. Vi ber om ursäkt för avbrottet.",
                       en: "Traffic is now running over the backup connection and the service is working again. No data has been lost. We apologise for the interruption."),
            ]
        ),
    ]
}
