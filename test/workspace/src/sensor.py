"""A sensor that reports temperatures over MQTT (paho-mqtt)."""
import paho.mqtt.client as mqtt

STATUS = "home/livingroom/status"

client = mqtt.Client(client_id="sensor-livingroom")
client.will_set(STATUS, "offline", qos=1, retain=True)
client.connect("127.0.0.1", 1883)
client.publish("/home/livingroom/temp", 21.5)
client.publish("home/+/humidity", 40)
client.subscribe("home/livingroom/cmd/#", qos=5)
client.publish("home/livingroom/temp", 21.5, qos=2)
