/**
 * Test infrastructure shared by the integration tests: the real schema registry harness (Apicurio
 * in ccompat mode, built from {@code registry-harness/} and started once per test JVM) and a small
 * topic reader that polls with a deadline instead of sleeping.
 */
package io.nowcast.testing;
