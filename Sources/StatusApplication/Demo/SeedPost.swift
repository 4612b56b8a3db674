import StatusModel

/// The post this service exists to publish: an accounting service's explanation after weeks of
/// trouble, written in the Markdown subset of posts (Swedish original, English translation).
/// The demo publishes it as the postmortem of the overloaded-servers incident, and the tests
/// publish it through the API and check how it renders.
public enum SeedPost {
    public static let swedish = """
        # Vad som har hänt och vad vi gör nu

        De senaste veckorna har många av er haft problem med att logga in, med långsam bokföring och med banktransaktioner som kommit in flera timmar för sent. Vi vet hur mycket ni är beroende av att tjänsten fungerar, särskilt kring månadsskiftet, och vi ber om ursäkt. Här berättar vi vad som har hänt och vad vi gör för att det inte ska hända igen.

        ## De tekniska problemen

        Våra **synkroniseringsservrar**, som hämtar transaktioner från bankerna, har varit överbelastade. När de hamnat efter har de försökt beta av hela kön på en gång, och då har databasen blivit så belastad att andra anrop fått vänta.

        Det är därför många av er fått vänta länge vid inloggningen och en del inte kommit in alls. För att få ordning på läget har vi startat om servrarna i omgångar, en grupp i taget, och tillfälligt pausat banksynkroniseringen när databasen behövt andrum.

        ## Synkroniseringsservrarna

        Servrarna köptes in när vi hade en bråkdel av dagens kunder. De klarar inte längre morgonens toppar, när tusentals företag hämtar sina transaktioner samtidigt, och de fördelar inte arbetet jämnt mellan sig. Vi har redan lagt till två servrar och utökat databasens kapacitet som en tillfällig lösning, men det räcker inte i längden.

        ## Utskiftning av servrarna

        Därför byter vi ut servrarna. Tjänsten är *inte tillgänglig* från den **26 september kl. 18.00 till kl. 06.00** nästa morgon. Under den tiden går det inte att logga in, och banksynkronisering, Öppet API och mobilappen är pausade. Transaktioner som kommer in under natten hämtas automatiskt när arbetet är klart.

        Vi fokuserar nu på:

        - att byta ut synkroniseringsservrarna mot nya med betydligt större kapacitet
        - att fördela bankhämtningarna jämnare över dygnet
        - att skydda inloggningen så att den fungerar även när databasen är hårt belastad
        - att förbättra övervakningen så att vi ser problemen innan ni gör det
        - att informera er tidigare och tydligare här på statussidan

        Vill du veta mer om hur vi arbetar med driften? Läs gärna vår genomgång på [teknikbloggen](https://tech.example.com/2026/synkroniseringsservrarna). Tack för ert tålamod.
        """

    public static let english = """
        # What has happened and what we are doing now

        Over the past few weeks many of you have had trouble logging in, slow bookkeeping, and bank transactions arriving several hours late. We know how much you depend on the service working, especially around the turn of the month, and we apologise. Here we explain what has happened and what we are doing to make sure it does not happen again.

        ## The technical problems

        Our **synchronisation servers**, which import transactions from the banks, have been overloaded. When they fell behind, they tried to work through the whole backlog at once, and that put the database under so much load that other requests had to wait.

        That is why many of you had to wait a long time to log in and some could not log in at all. To get the situation under control we restarted the servers in rounds, one group at a time, and temporarily paused bank synchronisation whenever the database needed room to breathe.

        ## The synchronisation servers

        The servers were bought when we had a fraction of today's customers. They can no longer handle the morning peaks, when thousands of businesses import their transactions at the same time, and they do not share the work evenly between them. As a stopgap we have already added two servers and increased the database's capacity, but that will not be enough in the long run.

        ## Replacing the servers

        So we are replacing the servers. The service will be *unavailable* from **26 September 18:00 until 06:00** the next morning. During that time you cannot log in, and bank synchronisation, the public API and the mobile app are paused. Transactions that arrive overnight will be imported automatically once the work is done.

        We are now focusing on:

        - replacing the synchronisation servers with new ones with much greater capacity
        - spreading bank imports more evenly over the day
        - protecting login so that it works even when the database is under heavy load
        - improving our monitoring so that we see problems before you do
        - keeping you informed earlier and more clearly here on the status page

        Want to know more about how we run our operations? Read our write-up on the [tech blog](https://tech.example.com/2026/synkroniseringsservrarna). Thank you for your patience.
        """

    public static let text = LocalizedText([.swedish: swedish, .english: english])
}
