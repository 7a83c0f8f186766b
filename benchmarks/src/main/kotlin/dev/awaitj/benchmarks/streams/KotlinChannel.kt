package dev.awaitj.benchmarks.streams

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.channels.produce
import kotlinx.coroutines.runBlocking

/**
 * The anchor of the pull path (issue 19, point 3): Kotlin's rendezvous channel, a producer that
 * sends each value and a consumer that reads them with `for (x in ch)`, both on runBlocking's one
 * thread, as StreamLoops.pullLoop reads an awaitj stream's iterator.
 */
object KotlinChannel {
    @OptIn(ExperimentalCoroutinesApi::class)
    @JvmStatic
    fun rendezvousSum(count: Int, boxes: Array<Int>): Long = runBlocking {
        val ch = produce<Int> {
            for (i in 0 until count) {
                send(boxes[i and 1023])
            }
        }
        var sum = 0L
        for (x in ch) {
            sum += x
        }
        sum
    }
}
