package io.perfharness.reports;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * What is wrong with a field of a report, in words: Jackson's messages name Java types
 * ({@code `java.util.ArrayList<...>`}, {@code Cannot construct instance of `...RunReport`}), which say
 * nothing to someone holding a JSON file.
 */
final class ReportFieldProblem {
    private ReportFieldProblem() {
    }

    /** @return {@code field 'PATH': WHAT}, e.g. {@code field 'repetitions[0].requests': expected a whole number, got "many"} */
    static String describe(JsonMappingException e) {
        String path = path(e);
        if (e instanceof ValueInstantiationException) {
            // a record's constructor refused a value: Objects.requireNonNull(x, "name") names the field
            Throwable cause = e.getCause();
            String name = cause instanceof NullPointerException && cause.getMessage() != null
                    && cause.getMessage().matches("[A-Za-z]+") ? cause.getMessage() : null;
            if (name != null) {
                return field(path.isEmpty() ? name : path + "." + name) + "missing or null";
            }
            return field(path) + (cause instanceof NullPointerException ? "a value in it is missing or null"
                    : "holds a value that cannot be");
        }
        if (e instanceof InvalidNullException) {
            return field(path) + "null, expected " + kind(((InvalidNullException) e).getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            String original = m.getOriginalMessage();
            if (original != null && original.startsWith("Missing creator property")) {
                return field(path) + "missing";
            }
            String got = e instanceof InvalidFormatException f && f.getValue() != null ? ", got \"" + f.getValue() + "\"" : "";
            return field(path) + "expected " + kind(m.getTargetType()) + got;
        }
        return field(path) + "cannot be read";
    }

    private static String field(String path) {
        return path.isEmpty() ? "" : "field '" + path + "': ";
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "another kind of value";
    }

    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
