"""The voter portal's rules: reading look-up input, finding a ballot, its story."""
