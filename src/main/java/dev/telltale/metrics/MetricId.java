package dev.telltale.metrics;

import java.util.List;

/**
 * A family plus its label values: what a flat Dropwizard name stands for. The Dropwizard name is
 * written like a Prometheus series ({@code upstream_rq{upstream="app",server="http://…"}}) so it
 * stays unique whatever dots or colons the values hold, and reads well in any other reporter.
 */
record MetricId(MetricNames.Family family, List<String> labelValues) {
    MetricId {
        labelValues = List.copyOf(labelValues);
        if (labelValues.size() != family.labels().size()) {
            throw new IllegalArgumentException(family.name() + ": labels " + labelValues
                    + " (expected: values for " + family.labels() + ")");
        }
    }

    String dropwizardName() {
        if (labelValues.isEmpty()) {
            return family.name();
        }
        StringBuilder sb = new StringBuilder(family.name()).append('{');
        for (int i = 0; i < labelValues.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(family.labels().get(i)).append("=\"");
            String v = labelValues.get(i);
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                if (c == '\n') {
                    sb.append("\\n");
                } else {
                    if (c == '"' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    String label(String name) {
        int i = family.labels().indexOf(name);
        return i < 0 ? null : labelValues.get(i);
    }
}
