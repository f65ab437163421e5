"""The family-network bundle (亲友网营销包, DOMAIN.md §5): tiers, registrations, short
numbers, SMS confirmations, the activation queue, coupons and the daily report."""
