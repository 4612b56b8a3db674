// Placeholder until the shared HTTP test client lands.
