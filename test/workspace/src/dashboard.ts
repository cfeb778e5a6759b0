// A dashboard that shows every room's temperature (mqtt.js).
import mqtt from 'mqtt';

const client = mqtt.connect('mqtt://127.0.0.1:1883');

client.subscribe('home/+/temp', { qos: 1 });
client.subscribe('home/#/humidity');
client.subscribe('#');
client.publish(`home/${'all'}/refresh`, 'now', { qos: 2 });
