import StatusModel

/// The recent weeks of trouble: overloaded synchronisation servers and a database so busy
/// that customers waited at login or could not log in at all.
extension DemoIncidents {
    static let overloadPeriod: [DemoIncidentScript] = [
        DemoIncidentScript(
            start: .daysAgo(34, hour: 8, minute: 15), impact: .minor,
            title: bilingual("Fördröjningar i banksynkroniseringen", "Delays in bank synchronisation"),
            updates: [
                update(0, .investigating, [.set("bank-sync", .degradedPerformance)],
                       sv: "Banktransaktioner hämtas med upp till två timmars fördröjning. Vi undersöker varför.",
                       en: "Bank transactions are being imported with delays of up to two hours. We are investigating why."),
                update(50, .identified,
                       sv: "Synkroniseringsservrarna hinner inte med den ovanligt stora mängden hämtningar i morse. Vi prioriterar om kön så att alla kunders transaktioner hämtas i tur och ordning.",
                       en: "The synchronisation servers cannot keep up with the unusually large number of imports this morning. We are reprioritising the queue so that every customer's transactions are imported in turn."),
                update(140, .resolved,
                       sv: "Kön är avbetad och nya transaktioner hämtas utan fördröjning igen.",
                       en: "The backlog has been cleared and new transactions are being imported without delay again."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(30, hour: 7, minute: 50), impact: .major,
            title: bilingual("Långsam inloggning och bokföring", "Slow login and bookkeeping"),
            updates: [
                update(0, .investigating, [.set("login", .degradedPerformance), .set("bookkeeping", .degradedPerformance)],
                       sv: "Det går långsamt att logga in och att arbeta i bokföringen. Vi undersöker orsaken.",
                       en: "Logging in and working in bookkeeping are slow. We are investigating the cause."),
                update(30, .identified, [.set("login", .partialOutage)],
                       sv: "Databasen är hårt belastad under morgonens topp, och en del inloggningar avbryts innan de hunnit bli klara. Försök igen om det inte fungerar första gången. Vi flyttar tunga bakgrundsjobb till senare under dagen för att avlasta databasen.",
                       en: "The database is under heavy load during the morning peak, and some logins time out before they complete. If it fails the first time, please try again. We are moving heavy background jobs to later in the day to reduce the load."),
                update(95, .monitoring, [.set("login", .operational)],
                       sv: "Bakgrundsjobben är flyttade och inloggningen fungerar normalt igen. Bokföringen kan fortfarande kännas något långsammare än vanligt.",
                       en: "The background jobs have been moved and logging in works normally again. Bookkeeping may still feel slightly slower than usual."),
                update(160, .resolved,
                       sv: "Svarstiderna är tillbaka på normal nivå. Vi fortsätter att utreda varför databasen har varit så belastad den senaste tiden.",
                       en: "Response times are back to normal. We are continuing to investigate why the database has been under such heavy load lately."),
            ]
        ),
        overloadedSynchronisationServers,
        DemoIncidentScript(
            start: .daysAgo(24, hour: 8, minute: 5), impact: .major,
            title: bilingual("Problem att logga in under morgonen", "Login problems this morning"),
            updates: [
                update(0, .investigating, [.set("login", .partialOutage)],
                       sv: "Många får vänta länge vid inloggning och en del kommer inte in alls. Vi undersöker.",
                       en: "Many customers are waiting a long time to log in, and some cannot log in at all. We are investigating."),
                update(20, .identified, [.set("bank-sync", .degradedPerformance)],
                       sv: "Databasen är återigen överbelastad. För att prioritera inloggningar saktar vi tillfälligt ner banksynkroniseringen.",
                       en: "The database is overloaded again. To give logins priority, we are temporarily slowing down bank synchronisation."),
                update(75, .identified, [.set("login", .degradedPerformance)],
                       sv: "De flesta kan logga in igen, men det kan gå långsamt. Vi startar om synkroniseringsservrarna i omgångar för att få ner belastningen på databasen.",
                       en: "Most customers can log in again, although it may be slow. We are restarting the synchronisation servers in rounds to reduce the load on the database."),
                update(130, .monitoring, [.set("login", .operational), .set("bank-sync", .operational)],
                       sv: "Omstarterna är klara och inloggningen fungerar normalt. Banksynkroniseringen går i full takt igen.",
                       en: "The restarts are complete and logging in works normally. Bank synchronisation is running at full speed again."),
                update(195, .resolved,
                       sv: "Läget har varit stabilt i över en timme och vi stänger ärendet. Vi arbetar vidare med en långsiktig lösning på databasens belastning.",
                       en: "Things have been stable for over an hour and we are closing this incident. We are continuing to work on a long-term solution to the database load."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(20, hour: 13, minute: 20), impact: .minor,
            title: bilingual("Långsamma svar från Öppet API", "Slow responses from the public API"),
            updates: [
                update(0, .investigating, [.set("public-api", .degradedPerformance)],
                       sv: "Öppet API svarar långsammare än vanligt, och en del anrop avbryts efter 30 sekunder.",
                       en: "The public API is responding more slowly than usual, and some requests time out after 30 seconds."),
                update(25, .identified, [.set("bank-sync", .degradedPerformance)],
                       sv: "En omfattande datahämtning från en av våra integrationspartner belastar samma databas som banksynkroniseringen använder. Vi har begränsat partnerns anropstakt.",
                       en: "A large data export by one of our integration partners is loading the same database that bank synchronisation uses. We have limited the partner's request rate."),
                update(60, .resolved,
                       sv: "Svarstiderna är normala igen för både API:et och banksynkroniseringen.",
                       en: "Response times are back to normal for both the API and bank synchronisation."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(17, hour: 7, minute: 55), impact: .major,
            title: bilingual("Fördröjd banksynkronisering och långsam inloggning", "Bank synchronisation delays and slow login"),
            updates: [
                update(0, .investigating, [.set("bank-sync", .partialOutage)],
                       sv: "Banksynkroniseringen ligger efter och nya transaktioner syns inte i bokföringen. Vi undersöker.",
                       en: "Bank synchronisation is falling behind and new transactions are not appearing in bookkeeping. We are investigating."),
                update(25, .investigating, [.set("login", .degradedPerformance)],
                       sv: "Även inloggningen har blivit långsam. Vi ser samma mönster som vid tidigare störningar: synkroniseringsservrarna belastar databasen för hårt.",
                       en: "Logging in has also become slow. We are seeing the same pattern as in earlier disruptions: the synchronisation servers are putting too much load on the database."),
                update(55, .identified,
                       sv: "Vi startar om synkroniseringsservrarna i omgångar och begränsar hur många bankhämtningar som får köras samtidigt. Kön betas då av lite långsammare, men inloggningen skyddas.",
                       en: "We are restarting the synchronisation servers in rounds and limiting how many bank imports can run at the same time. The backlog will clear a little more slowly, but logins are protected."),
                update(150, .monitoring, [.set("login", .operational), .set("bank-sync", .degradedPerformance)],
                       sv: "Inloggningen fungerar normalt igen och kön av bankhämtningar minskar stadigt. Vi bevakar läget.",
                       en: "Logging in works normally again and the bank import backlog is shrinking steadily. We are monitoring."),
                update(270, .resolved,
                       sv: "Alla transaktioner är hämtade. Vi fortsätter arbetet med att ge databasen mer kapacitet.",
                       en: "All transactions have been imported. We are continuing our work to give the database more capacity."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(13, hour: 19, minute: 30), impact: .minor,
            title: bilingual("Kvittotolkningen är långsammare än vanligt", "Receipt scanning slower than usual"),
            updates: [
                update(0, .investigating, [.set("receipt-scanning", .degradedPerformance)],
                       sv: "Det tar längre tid än vanligt innan uppladdade kvitton tolkas. Kvittona är sparade och tolkas så snart kön har betats av.",
                       en: "Uploaded receipts are taking longer than usual to be read. Your receipts are saved and will be processed once the queue has cleared."),
                update(40, .identified,
                       sv: "Tolkningstjänsten har för lite kapacitet efter kvällens uppdatering. Vi lägger till fler servrar.",
                       en: "The scanning service has too little capacity after this evening's update. We are adding more servers."),
                update(180, .resolved,
                       sv: "Kön är avbetad och kvitton tolkas nu inom några sekunder igen.",
                       en: "The queue has been cleared and receipts are being read within seconds again."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(10, hour: 10, minute: 0), impact: .minor,
            title: bilingual("Arbetsgivardeklarationer skickas med fördröjning", "Employer declarations delayed"),
            updates: [
                update(0, .investigating, [.set("payroll", .degradedPerformance)],
                       sv: "Arbetsgivardeklarationer som skickas till Skatteverket från Lön blir liggande i kö. Lönekörningar och lönebesked påverkas inte.",
                       en: "Employer declarations sent to the Swedish Tax Agency from Payroll are stuck in a queue. Pay runs and payslips are not affected."),
                update(30, .identified,
                       sv: "Skatteverkets mottagningstjänst svarar långsamt. Deklarationerna ligger säkert i kö och skickas automatiskt – skicka inte om dem.",
                       en: "The Tax Agency's receiving service is responding slowly. The declarations are safely queued and will be sent automatically – please do not resend them."),
                update(120, .resolved,
                       sv: "Skatteverket har tagit emot alla köade deklarationer. Kvittenserna finns under Lön › Arbetsgivardeklarationer.",
                       en: "The Tax Agency has received all queued declarations. The receipts are available under Payroll › Employer declarations."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(6, hour: 9, minute: 10), impact: .minor,
            title: bilingual("Det går inte att ladda upp kvitton från mobilappen", "Receipts cannot be uploaded from the mobile app"),
            updates: [
                update(0, .investigating, [.set("mobile-app", .partialOutage)],
                       sv: "Uppladdning av kvitton från mobilappen misslyckas för många. Uppladdning via webben fungerar.",
                       en: "Uploading receipts from the mobile app is failing for many users. Uploading via the web works."),
                update(12, .identified, [.set("receipt-scanning", .degradedPerformance)],
                       sv: "Ett utgånget certifikat på uppladdningstjänsten stoppar anropen från appen. Vi byter certifikatet nu.",
                       en: "An expired certificate on the upload service is blocking requests from the app. We are replacing it now."),
                update(25, .resolved,
                       sv: "Certifikatet är bytt och uppladdningen fungerar igen. Kvitton som inte gick att ladda upp ligger kvar i appen – tryck på ”Försök igen”.",
                       en: "The certificate has been replaced and uploading works again. Receipts that failed to upload are still in the app – tap “Try again”."),
            ]
        ),
        DemoIncidentScript(
            start: .daysAgo(3, hour: 14, minute: 5), impact: .minor,
            title: bilingual("Fakturamejl skickas med fördröjning", "Invoice e-mails delayed"),
            updates: [
                update(0, .investigating, [.set("invoicing", .degradedPerformance)],
                       sv: "Fakturor som skickas med e-post kommer fram till mottagaren med upp till 30 minuters fördröjning.",
                       en: "Invoices sent by e-mail are reaching recipients up to 30 minutes late."),
                update(30, .monitoring,
                       sv: "Vår e-postleverantör har åtgärdat en störning och kön börjar minska. Vi bevakar läget.",
                       en: "Our e-mail provider has fixed a disruption and the queue is starting to shrink. We are monitoring."),
                update(75, .resolved,
                       sv: "Alla fakturamejl är skickade och nya går iväg direkt.",
                       en: "All invoice e-mails have been sent and new ones go out immediately."),
            ]
        ),
    ]

    /// The worst day of the period: told over more than a day, in eight updates.
    static let overloadedSynchronisationServers = DemoIncidentScript(
        start: .daysAgo(27, hour: 6, minute: 40), impact: .critical,
        title: bilingual("Överbelastade synkroniseringsservrar – fördröjd banksynkronisering och svårt att logga in",
                         "Overloaded synchronisation servers – bank sync delays and login problems"),
        updates: [
            update(0, .investigating, [.set("bank-sync", .degradedPerformance)],
                   sv: "Sedan i natt hämtas banktransaktioner med flera timmars fördröjning. Vi undersöker orsaken och återkommer med mer information.",
                   en: "Since last night, bank transactions have been imported with delays of several hours. We are investigating and will share more information shortly."),
            update(50, .investigating,
                   [.set("bank-sync", .partialOutage), .set("login", .partialOutage), .set("bookkeeping", .degradedPerformance)],
                   sv: "Problemen har nu spridit sig: många upplever att inloggningen är mycket långsam, och en del kommer inte in alls. Även bokföringen svarar långsamt. Vi arbetar med detta med högsta prioritet.",
                   en: "The problems have now spread: many of you are seeing very slow logins, and some cannot log in at all. Bookkeeping is also responding slowly. We are treating this as our highest priority."),
            update(95, .identified, [.set("bank-sync", .majorOutage)],
                   sv: "Vi har hittat orsaken. Synkroniseringsservrarna har byggt upp en stor kö av bankhämtningar, och när de försöker beta av allt på en gång blir databasen så belastad att andra anrop – bland annat inloggningar – får vänta eller avbryts. Vi pausar banksynkroniseringen tillfälligt för att avlasta databasen.",
                   en: "We have identified the cause. The synchronisation servers have built up a large backlog of bank imports, and working through it all at once puts the database under so much load that other requests – including logins – have to wait or time out. We are pausing bank synchronisation temporarily to relieve the database."),
            update(160, .identified, [.set("login", .degradedPerformance)],
                   sv: "Inloggningen fungerar igen för de flesta, men kan fortfarande ta längre tid än vanligt. Nu startar vi om synkroniseringsservrarna i omgångar, en grupp i taget, så att kön kan betas av utan att databasen överbelastas igen.",
                   en: "Logging in works again for most customers, although it may still take longer than usual. We are now restarting the synchronisation servers in rounds, one group at a time, so the backlog can be cleared without overloading the database again."),
            update(350, .identified, [.set("bank-sync", .partialOutage)],
                   sv: "De första omgångarna av omstarter är klara och banksynkroniseringen är igång igen för ungefär hälften av kunderna. För att få bättre marginaler lägger vi till två nya synkroniseringsservrar och utökar databasens kapacitet. Transaktioner som ännu inte har hämtats kommer in automatiskt – du behöver inte göra något.",
                   en: "The first rounds of restarts are complete and bank synchronisation is running again for about half of our customers. To give ourselves more headroom we are adding two new synchronisation servers and increasing the database's capacity. Transactions that have not been imported yet will arrive automatically – you don't need to do anything."),
            update(570, .monitoring,
                   [.set("bank-sync", .degradedPerformance), .set("login", .operational), .set("bookkeeping", .operational)],
                   sv: "Den nya kapaciteten är på plats och alla synkroniseringsservrar är igång. Inloggning och bokföring fungerar normalt igen. Vi räknar med att kön av bankhämtningar är avbetad under kvällen och fortsätter att bevaka läget noga.",
                   en: "The new capacity is in place and all synchronisation servers are running. Login and bookkeeping are back to normal. We expect the bank import backlog to be cleared during the evening and are keeping a close eye on things."),
            update(1_490, .monitoring, [.set("bank-sync", .operational)],
                   sv: "Kön betades av strax före midnatt och nattens synkroniseringar har gått som de ska. Vi bevakar förmiddagens belastningstopp innan vi stänger ärendet.",
                   en: "The backlog was cleared shortly before midnight and last night's synchronisation ran as expected. We are watching the morning peak before we close this incident."),
            update(1_805, .resolved,
                   sv: "Allt har fungerat stabilt under förmiddagens topp, och alla banktransaktioner är hämtade. Vi ser också över hur synkroniseringen kan fördela belastningen jämnare så att det här inte händer igen. Vi ber om ursäkt för besväret – vi vet hur viktigt det är att kunna lita på sin bokföring.",
                   en: "Everything has been stable through the morning peak, and all bank transactions have been imported. We are also reviewing how synchronisation can spread its load more evenly so that this does not happen again. We apologise for the disruption – we know how important it is to be able to rely on your bookkeeping."),
        ],
        postmortem: SeedPost.text
    )

    /// The one incident still open when the demo is loaded.
    static let current = DemoIncidentScript(
        start: .minutesAgo(45), impact: .minor,
        title: bilingual("Fördröjningar i banksynkroniseringen", "Delays in bank synchronisation"),
        updates: [
            update(0, .investigating, [.set("bank-sync", .degradedPerformance)],
                   sv: "Nya banktransaktioner hämtas just nu med upp till en timmes fördröjning. Vi undersöker orsaken.",
                   en: "New bank transactions are currently being imported with a delay of up to an hour. We are investigating the cause."),
            update(25, .identified, [.set("bank-sync", .partialOutage)],
                   sv: "Vi har hittat orsaken: efter en kort störning hos en av bankerna hinner synkroniseringsservrarna inte med kön, och transaktioner från vissa banker hämtas inte alls just nu. Vi lägger till kapacitet och betar av kön. Inga transaktioner går förlorade – de dyker upp i bokföringen så snart de har hämtats.",
                   en: "We have found the cause: after a brief disruption at one of the banks, the synchronisation servers cannot keep up with the queue, and transactions from some banks are not being imported at all right now. We are adding capacity and working through the queue. No transactions are lost – they will appear in your bookkeeping as soon as they have been imported."),
        ]
    )
}
