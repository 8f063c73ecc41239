package dev.nsm.policy;

import java.util.Map;

/**
 * One policy file's settings after validation: a tree of maps whose leaves are typed values
 * (CidrSet, PortSet, Duration, ...). Layers merge map by map; a leaf, lists included, replaces.
 *
 * @param file the file's display name
 * @param values the settings by YAML key
 * @param detectionKeys where each detection id is written in this file
 */
record PolicyLayer(
    String file, Map<String, Object> values, Map<String, FilePosition> detectionKeys) {}
