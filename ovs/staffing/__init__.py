"""Staff rules: signing in, the second factor, roles, missions each user may see."""
