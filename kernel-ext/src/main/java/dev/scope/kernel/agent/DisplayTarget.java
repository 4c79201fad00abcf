package dev.scope.kernel.agent;

/** Where {@code display(...)} output goes: the kernel when running in one, nowhere otherwise. */
public interface DisplayTarget {

    DisplayTarget NONE = new DisplayTarget() {
        @Override
        public void show(String id, Object value) {
        }

        @Override
        public void update(String id, Object value) {
        }

        @Override
        public boolean attached() {
            return false;
        }
    };

    void show(String id, Object value);

    void update(String id, Object value);

    boolean attached();
}
