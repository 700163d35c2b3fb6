"""Who a per-client throttle counts (core.http.client_network): one IPv6 connection is one client."""

from __future__ import annotations

import pytest

from forumops.core.http import client_network


@pytest.mark.parametrize(("address", "client"), [
    ("203.0.113.7", "203.0.113.7"),  # IPv4: the address itself
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),  # IPv6: its /64, one home or office connection
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
    ("2001:DB8:1:2::A", "2001:db8:1:2::/64"),  # however it is spelled
    ("::ffff:198.51.100.4", "198.51.100.4"),  # an IPv4 client on a dual-stack socket
    ("fe80::1%eth0", "fe80::/64"),  # a scoped address
    ("unknown", "unknown"),  # no address at all: counted as it is
])
def test_a_client_is_an_ipv4_address_or_an_ipv6_connection(address, client):
    assert client_network(address) == client
