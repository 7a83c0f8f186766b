/*
 * A HotSpot disassembler plugin (hsdis) on the Capstone library, so that JMH's perfasm profiler
 * can show the machine code C2 generated. Debian ships no hsdis that current JDKs accept (its
 * libhsdis0-fcml exports only the pre-JDK 9 entry point), and building OpenJDK's own needs the
 * JDK sources. Only for profiling the benchmarks; see build-hsdis.sh and docs/performance.md.
 *
 * HotSpot calls decode_instructions_virtual once per code blob: disassemble [buffer, +length),
 * whose first byte is at virtual address start_va, reporting each instruction's bounds through
 * event() (so HotSpot can interleave its own annotations) and its text through print().
 */
#include <stddef.h>
#include <stdint.h>
#include <capstone/capstone.h>

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va,
        unsigned char *buffer, uintptr_t length,
        void *(*event)(void *stream, const char *tag, void *arg), void *event_stream,
        int (*print)(void *stream, const char *format, ...), void *print_stream,
        const char *options, int newline) {
    (void) end_va;
    (void) options;
    csh handle;
    cs_insn *insns;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
        return NULL;
    }
    cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT); /* HotSpot's own listings use AT&T */
    size_t count = cs_disasm(handle, buffer, length, start_va, 0, &insns);
    for (size_t i = 0; i < count; i++) {
        event(event_stream, "insn", (void *) (uintptr_t) insns[i].address);
        print(print_stream, "%-8s %s", insns[i].mnemonic, insns[i].op_str);
        event(event_stream, "/insn", (void *) (uintptr_t) (insns[i].address + insns[i].size));
        if (newline) {
            print(print_stream, "\n");
        }
    }
    if (count > 0) {
        cs_free(insns, count);
    }
    cs_close(&handle);
    return NULL;
}
