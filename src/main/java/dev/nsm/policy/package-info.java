/**
 * Policies: YAML files that tune the rules, validated into immutable {@link dev.nsm.policy.Policy}
 * records. Every problem becomes a {@link dev.nsm.policy.Diagnostic} with file, line and column;
 * {@link dev.nsm.policy.PolicyLoader} reports all of them at once in an {@link
 * dev.nsm.policy.InvalidInputException}.
 *
 * <p>Rules call {@code Policy} and {@code Detection} lookups for every fact, so address and port
 * checks avoid allocation, and {@link dev.nsm.event.IpAddress} parses literals only: nothing here
 * ever resolves a name through DNS.
 */
package dev.nsm.policy;
