// SPDX-License-Identifier: GPL-2.0
/*
 * dom0-module/vmid_parse.c: the VM identity's values as read from
 * xenstore (the vm key's "/vm/<uuid>", the name, a vif's mac and ip),
 * taken only in the one form the toolstack writes, and left zero when
 * they are anything else. The xenstore reads around them (vmid.c) run in
 * the lab (vm-reuse).
 */
#include <kunit/test.h>

#include "../../dom0-module/vmid_parse.c"

static const u8 zero[64];

static void vmid_uuid(struct kunit *test)
{
	static const char *const bad[] = {
		"", "/vm/", "6f1e2d3c-4b5a-4968-8776-655443322110",
		"/vm/6f1e2d3c-4b5a-4968-8776-65544332211",
		"/vm/6f1e2d3c-4b5a-4968-8776-6554433221100",
		"/vm/6f1e2d3c-4b5a-4968-8776-65544332211g",
		"/vm/6f1e2d3c4b5a-4968-8776-655443322110-",
		"/vm/6f1e2d3c-4b5a-4968-8776+655443322110",
		"/vm/ 6f1e2d3c-4b5a-4968-8776-65544332211",
		"/VM/6f1e2d3c-4b5a-4968-8776-655443322110",
		"/vm/6f1e2d3c-4b5a-4968-8776-655443322110\n",
	};
	static const u8 want[16] = {
		0x6f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x49, 0x68,
		0x87, 0x76, 0x65, 0x54, 0x43, 0x32, 0x21, 0x10,
	};
	unsigned int i;
	u8 u[16];

	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_uuid(
		"/vm/6f1e2d3c-4b5a-4968-8776-655443322110", u), 0);
	KUNIT_EXPECT_EQ(test, memcmp(u, want, 16), 0);
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_uuid(
		"/vm/6F1E2D3C-4B5A-4968-8776-655443322110", u), 0);
	KUNIT_EXPECT_EQ(test, memcmp(u, want, 16), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(u, 0xaa, sizeof(u));
		KUNIT_EXPECT_EQ_MSG(test, xtrail_vmid_parse_uuid(bad[i], u),
				    -EINVAL, "%s", bad[i]);
		KUNIT_EXPECT_EQ(test, memcmp(u, zero, 16), 0);
	}
}

static void vmid_name(struct kunit *test)
{
	char n[XTRAIL_VM_NAME_MAX], want[XTRAIL_VM_NAME_MAX] = "guest-1";
	char long_name[XTRAIL_VM_NAME_MAX + 2];

	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_name("guest-1", n), 0);
	KUNIT_EXPECT_EQ(test, memcmp(n, want, sizeof(n)), 0);
	/* 64 bytes fill the field, with no NUL; 65 do not fit */
	memset(long_name, 'a', XTRAIL_VM_NAME_MAX);
	long_name[XTRAIL_VM_NAME_MAX] = 0;
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_name(long_name, n), 0);
	KUNIT_EXPECT_EQ(test, memcmp(n, long_name, XTRAIL_VM_NAME_MAX), 0);
	long_name[XTRAIL_VM_NAME_MAX] = 'a';
	long_name[XTRAIL_VM_NAME_MAX + 1] = 0;
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_name(long_name, n), -EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(n, zero, sizeof(n)), 0);
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_name("", n), -EINVAL);
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_name("a\nb", n), -EINVAL);
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_name("a\x7f", n), -EINVAL);
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_name("caf\xc3\xa9", n),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(n, zero, sizeof(n)), 0);
}

static void vmid_mac(struct kunit *test)
{
	static const char *const bad[] = {
		"", "00:16:3e:0a:00", "00:16:3e:0a:00:02:", "00-16-3e-0a-00-02",
		"00:16:3e:0a:00:0g", "0:16:3e:0a:00:02:", "00:16:3e:0a:00:2",
		"00:16:3e:0a:00:02 ", " 00:16:3e:0a:00:02", "0016.3e0a.0002",
	};
	static const u8 want[6] = { 0x00, 0x16, 0x3e, 0x0a, 0xff, 0x02 };
	unsigned int i;
	u8 m[6];

	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_mac("00:16:3e:0a:FF:02", m), 0);
	KUNIT_EXPECT_EQ(test, memcmp(m, want, 6), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(m, 0xaa, sizeof(m));
		KUNIT_EXPECT_EQ_MSG(test, xtrail_vmid_parse_mac(bad[i], m),
				    -EINVAL, "%s", bad[i]);
		KUNIT_EXPECT_EQ(test, memcmp(m, zero, 6), 0);
	}
}

static void vmid_ip(struct kunit *test)
{
	char ip[XTRAIL_VM_IP_MAX], want[XTRAIL_VM_IP_MAX] = "10.0.0.2 fd00::2/64";
	char long_ip[XTRAIL_VM_IP_MAX + 1];

	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_ip("10.0.0.2 fd00::2/64", ip),
			0);
	KUNIT_EXPECT_EQ(test, memcmp(ip, want, sizeof(ip)), 0);
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_ip("", ip), 0);
	KUNIT_EXPECT_EQ(test, memcmp(ip, zero, sizeof(ip)), 0);
	/* 47 bytes and the NUL fit; 48 do not */
	memset(long_ip, '1', XTRAIL_VM_IP_MAX - 1);
	long_ip[XTRAIL_VM_IP_MAX - 1] = 0;
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_ip(long_ip, ip), 0);
	long_ip[XTRAIL_VM_IP_MAX - 1] = '1';
	long_ip[XTRAIL_VM_IP_MAX] = 0;
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_ip(long_ip, ip), -EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(ip, zero, sizeof(ip)), 0);
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_ip("10.0.0.2;rm", ip), -EINVAL);
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_ip("10.0.0.2\n", ip), -EINVAL);
	KUNIT_EXPECT_EQ(test, xtrail_vmid_parse_ip("host.example", ip),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(ip, zero, sizeof(ip)), 0);
}

static struct kunit_case vmid_cases[] = {
	KUNIT_CASE(vmid_uuid),
	KUNIT_CASE(vmid_name),
	KUNIT_CASE(vmid_mac),
	KUNIT_CASE(vmid_ip),
	{}
};

static struct kunit_suite vmid_suite = {
	.name = "xtrail_vmid",
	.test_cases = vmid_cases,
};

kunit_test_suite(vmid_suite);
