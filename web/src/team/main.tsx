import { mountPage } from '../components/mount';
import { SignedIn } from '../components/SignIn';
import { Team } from './Team';

mountPage('team.title', 'team', <SignedIn><Team /></SignedIn>);
